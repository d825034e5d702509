using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cooc.Emulators.Azurite;
using Cooc.Emulators.Node;

namespace Cooc.Emulators.Tests.Node;

/// <summary>
/// How a Node server's port is found: from the line the server prints once it listens, never from a probe that
/// another listener could answer.
/// </summary>
public sealed class NodeServerTests
{
    private static readonly Regex UpLine = new(@"^up on (?<port>\d+)$");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_port_is_the_one_the_server_says_it_bound()
    {
        await using var server = await NodeServer.StartAsync(
            Script("require('net').createServer().listen(Number(process.argv[1]), '127.0.0.1', function () { console.log('up on ' + this.address().port); })"),
            "0", UpLine, Timeout);

        Assert.NotEqual(0, server.Port);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        Assert.True(client.Connected);
    }

    [Fact]
    public async Task A_server_that_exits_before_listening_fails_the_start_with_its_output()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeServer.StartAsync(
            Script("console.error('EADDRINUSE, pretended'); process.exit(3)"), "", UpLine, Timeout));

        Assert.Contains("EADDRINUSE, pretended", failure.Message);
        Assert.Contains("exited with code 3", failure.Message);
    }

    [Fact]
    public async Task A_server_that_never_says_it_listens_times_out()
    {
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => NodeServer.StartAsync(
            Script("console.log('starting'); setInterval(() => {}, 1000)"), "", UpLine, TimeSpan.FromSeconds(2)));

        Assert.Contains("starting", failure.Message);
    }

    [Fact]
    public async Task Azurites_started_together_each_keep_their_own_port_when_another_is_killed()
    {
        var azurites = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => AzuriteEmulator.StartAsync()));
        try
        {
            Assert.Equal(azurites.Length, azurites.Select(a => a.BlobEndpoint.Port).Distinct().Count());
            await azurites[0].DisposeAsync();

            using var http = new HttpClient();
            foreach (var azurite in azurites.Skip(1))
            {
                // Any HTTP answer proves a live Azurite on that port (an anonymous list of containers is refused).
                using var response = await http.GetAsync(new Uri(azurite.BlobEndpoint + "?comp=list"));
                Assert.Contains("azurite", string.Join(",", response.Headers.Server), StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            foreach (var azurite in azurites.Skip(1)) await azurite.DisposeAsync();
        }
    }

    /// <summary>`node -e "code"`: the arguments after it are process.argv[1] and on.</summary>
    private static string Script(string code) => $"-e \"{code}\"";
}
