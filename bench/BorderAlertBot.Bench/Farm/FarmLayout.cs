using System.Globalization;
using System.Net;

namespace BorderAlertBot.Bench;

/// <summary>
/// Where the farm's feeds live, computed alike in the farm process and the bench from (N, seed): outlets
/// (host names h{k}.farm.test) publishing 1–9 feeds each (5 on average, so N = 100,000 is ~20,000 hosts),
/// 60% of them over HTTPS; every host resolves (in the bench's resolver) to one of 64 loopback addresses
/// 127.77.0.x where the farm listens. Host-level trouble as the web has it: 1% of hosts are slow on every
/// response, 0.5% refuse connections (their address has no listener), 0.3% do not resolve.
/// </summary>
public sealed class FarmLayout
{
    public enum HostKind : byte { Normal, Slow, Refusing, Unresolvable }

    public const string Domain = "farm.test";
    public const int Addresses = 64;
    public const double HttpsShare = 0.6;

    /// <summary>A loopback address nothing listens on: connecting is refused at once.</summary>
    public static readonly IPAddress Nowhere = new([127, 77, 255, 254]);

    private readonly int[] _hostOf;
    private readonly bool[] _https;
    private readonly HostKind[] _kinds;

    public FarmLayout(int feeds, int seed)
    {
        var random = new Random(seed ^ 0x5EED);
        _hostOf = new int[feeds];
        var https = new List<bool>();
        var kinds = new List<HostKind>();
        for (int i = 0; i < feeds;)
        {
            int size = 1 + random.Next(9);
            double r = random.NextDouble();
            kinds.Add(r < 0.005 ? HostKind.Refusing : r < 0.008 ? HostKind.Unresolvable : r < 0.018 ? HostKind.Slow : HostKind.Normal);
            https.Add(random.NextDouble() < HttpsShare);
            for (int k = 0; k < size && i < feeds; k++) _hostOf[i++] = kinds.Count - 1;
        }
        _https = [.. https];
        _kinds = [.. kinds];
    }

    public int Feeds => _hostOf.Length;
    public int Hosts => _kinds.Length;
    public int HostOf(int feed) => _hostOf[feed];
    public bool IsHttps(int host) => _https[host];
    public HostKind KindOf(int host) => _kinds[host];
    public static string HostName(int host) => "h" + host.ToString(CultureInfo.InvariantCulture) + "." + Domain;
    public static int AddressIndexOf(int host) => host % Addresses;
    public static IPAddress Address(int index) => new([127, 77, (byte)(index / 250), (byte)(index % 250 + 1)]);

    public static bool TryParseHost(string name, out int host)
    {
        host = -1;
        return name.StartsWith('h') && name.EndsWith("." + Domain, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(name.AsSpan(1, name.Length - Domain.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out host);
    }

    public int Count(HostKind kind) => _kinds.Count(k => k == kind);
    public int HttpsHosts => _https.Count(h => h);
}
