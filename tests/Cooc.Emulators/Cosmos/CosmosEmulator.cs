using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cooc.Emulators.Node;

namespace Cooc.Emulators.Cosmos;

/// <summary>
/// cosmosdb-server, in memory, behind tools/emulators/cosmos-server.js (which fixes what the .NET SDK needs from it),
/// on a port of 127.0.0.1 the OS picks over HTTPS with a self-signed certificate: clients must accept any certificate.
/// Any base64 key is accepted; each emulator gets a random one. Killed on dispose, with all its data.
/// </summary>
public sealed class CosmosEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly Regex ReadyLine = new(@"^cosmos-server ready at https://127\.0\.0\.1:(?<port>\d+)/");

    private readonly NodeServer _server;

    private CosmosEmulator(NodeServer server)
    {
        _server = server;
        Endpoint = new Uri($"https://127.0.0.1:{server.Port}/");
        Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    }

    public Uri Endpoint { get; }

    public string Key { get; }

    public string ConnectionString => $"AccountEndpoint={Endpoint};AccountKey={Key};";

    /// <summary>What the server printed, for error messages.</summary>
    public string Output => _server.Output;

    public static async Task<CosmosEmulator> StartAsync(CancellationToken ct = default)
    {
        var took = Stopwatch.StartNew();
        var server = await NodeServer.StartAsync("cosmos-server.js", "--port 0", ReadyLine, StartTimeout, ct);
        Console.Error.WriteLine($"[emulators] cosmos-server started in {took.Elapsed.TotalSeconds:F1} s (npm check included)");
        return new CosmosEmulator(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
