# syntax=docker/dockerfile:1
# BorderAlertBot: multi-stage build (SDK) → runtime image, non-root, data/ as a volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props BorderAlertBot.sln ./
COPY src/ src/
COPY config/ config/
RUN dotnet restore src/BorderAlertBot/BorderAlertBot.csproj
RUN dotnet publish src/BorderAlertBot/BorderAlertBot.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The .NET images ship a non-root user "app" (UID 1654); the store lives in /app/data.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
VOLUME ["/app/data"]
# Workstation GC with a 16 MiB gen0 budget: the feed-farm benchmark measured the default reserve as most
# of the working set above the live heap (see README, Benchmarks).
ENV BorderAlert__ConfigDir=/app/config \
    BorderAlert__Storage__ConnectionString="Data Source=/app/data/borderalert.db" \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x1000000
# Healthy while the scheduler polls: the last poll must be recent (see README, "Health").
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "BorderAlertBot.dll", "health"]
ENTRYPOINT ["dotnet", "BorderAlertBot.dll"]
CMD ["run"]
