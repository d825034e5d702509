using Cooc.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cooc.Api.Tests;

/// <summary>Functions mode cannot run here (no Functions host), but its composition can be built and checked.</summary>
public sealed class FunctionsModeTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "cooc-fn-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Functions_mode_composes_every_function_with_Entra_validation_and_no_token_minting()
    {
        using var host = FunctionsWorker.Build([
            "--Cooc:DataPath", dataPath, "--Cooc:RunConsumers", "false",
            "--Auth:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", "--Auth:Audience", "api://cooc"]);
        foreach (var function in HttpFunction.Discover(typeof(HttpFunction).Assembly, "api"))
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, function.Method.DeclaringType!));
        Assert.Null(host.Services.GetService<Cooc.Functions.Identity.LocalTokenIssuer>());
        var parameters = host.Services.GetRequiredService<Microsoft.IdentityModel.Tokens.TokenValidationParameters>();
        Assert.Equal("api://cooc", parameters.ValidAudience);
        Assert.NotNull(parameters.ConfigurationManager);
    }

    [Fact]
    public void Functions_mode_refuses_to_start_without_an_authority()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionsWorker.Build(["--Cooc:DataPath", dataPath]));
        Assert.Contains("Auth:Authority", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }
}
