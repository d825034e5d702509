using System.Diagnostics;
using System.Net;
using Cooc.Functions.Identity;

namespace Cooc.Api.Tests;

/// <summary>The "token" command as a newcomer runs it: a separate process on the same data folder as the server.</summary>
public sealed class TokenCommandTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task The_token_command_prints_one_token_the_running_server_accepts()
    {
        var (exit, stdout, _) = await RunAsync("token", "--user", "alice", "--org", "acme", "--role", "instructor", "--role", "learner", "--Cooc:DataPath", app.DataPath);
        Assert.Equal(0, exit);
        var token = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var me = await (await app.SendAsync(HttpMethod.Get, "/api/me", token.Trim())).ReadAsync<WhoAmIView>();
        Assert.Equal(("alice", "acme"), (me.UserId, me.OrganizationId));
        Assert.Equal(["instructor", "learner"], me.Roles);
    }

    [Theory]
    [InlineData("--user", "alice", "--org", "acme")]
    [InlineData("--user", "alice", "--org", "acme", "--role", "emperor")]
    [InlineData("--user", "bad id", "--org", "acme", "--role", "learner")]
    public async Task Incomplete_or_wrong_options_print_usage_and_no_token(params string[] options)
    {
        var (exit, stdout, stderr) = await RunAsync(["token", .. options, "--Cooc:DataPath", app.DataPath]);
        Assert.Equal(2, exit);
        Assert.Empty(stdout.Trim());
        Assert.Contains("usage:", stderr);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cooc.Functions.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
