# syntax=docker/dockerfile:1
# BorderAlertBot: multi-stage build (SDK) → runtime image, non-root, data/ as a volume.

# Only the project files, in their folders: the restore below is its own layer, cached until a project
# file or the central package versions change (a code change does not download packages again).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' -delete

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props BorderAlertBot.sln ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/BorderAlertBot/BorderAlertBot.csproj
COPY src/ src/
COPY config/ config/
RUN dotnet publish src/BorderAlertBot/BorderAlertBot.csproj -c Release --no-restore -o /app

# aspnet: `run` serves its status page, feeds, /healthz, /readyz and /metrics with Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Charts and maps are drawn with SkiaSharp's "NoDependencies" native library (no fontconfig, no X, no GPU);
# it only needs font files for the labels: DejaVu (fonts-dejavu-core) is what the pictures are drawn with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The .NET images ship a non-root user "app" (UID 1654); the store lives in /app/data.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
VOLUME ["/app/data"]
# The GC settings (workstation, non-concurrent, 8 MiB gen0 budget) ship in the binary's runtimeconfig
# (src/BorderAlertBot/RuntimeSettings.props): the image needs no DOTNET_ variable for them.
# In the container the web side listens on every interface (outside, publish the port as you need).
ENV BorderAlert__Web__Urls=http://0.0.0.0:8080
EXPOSE 8080
ENV BorderAlert__ConfigDir=/app/config \
    BorderAlert__Storage__ConnectionString="Data Source=/app/data/borderalert.db"
# Healthy while the scheduler polls: the last poll must be recent (see README, "Health"). The `health` verb
# is kept (it needs no HTTP client in the image and works with BorderAlert__Web__Enabled=false); /readyz
# answers the same question plus the store and the chat connections, for orchestrators that probe HTTP.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "BorderAlertBot.dll", "health"]
ENTRYPOINT ["dotnet", "BorderAlertBot.dll"]
CMD ["run"]
