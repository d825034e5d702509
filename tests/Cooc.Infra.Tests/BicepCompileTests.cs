using System.Text.Json.Nodes;
using Cooc.Infra.Tests.Bicep;
using Xunit.Abstractions;

namespace Cooc.Infra.Tests;

/// <summary>The templates compile and lint with no error and no warning.</summary>
public sealed class BicepCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string> BicepFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryFolders.Infra, "*.bicep", SearchOption.AllDirectories).Order())
            files.Add(Path.GetRelativePath(RepositoryFolders.Infra, file).Replace('\\', '/'));
        return files;
    }

    [Fact]
    public async Task Main_builds_into_an_arm_template_with_no_diagnostics()
    {
        var result = await BicepCli.RunAsync(RepositoryFolders.Infra, "build", "main.bicep", "--stdout");
        output.WriteLine($"bicep build main.bicep: {result.Duration.TotalMilliseconds:F0} ms");

        Assert.True(result.IsClean, result.ToString());
        var template = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.EndsWith("deploymentTemplate.json#", (string)template["$schema"]!);
        // Every module is a nested deployment of the compiled template.
        var deployments = ResourcesOf(template)
            .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments")
            .Select(r => (string)r["name"]!)
            .ToHashSet();
        Assert.Equal(["content-storage", "cosmos", "functionapp", "host-storage", "identity", "keyvault", "monitoring", "servicebus"],
            deployments.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lints_clean(string file)
    {
        var result = await BicepCli.RunAsync(RepositoryFolders.Infra, "lint", file);
        output.WriteLine($"bicep lint {file}: {result.Duration.TotalMilliseconds:F0} ms");

        Assert.True(result.IsClean && result.Stdout.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public async Task Example_parameters_file_builds_with_no_diagnostics()
    {
        var result = await BicepCli.RunAsync(RepositoryFolders.Infra, "build-params", "main.bicepparam", "--stdout");

        Assert.True(result.IsClean, result.ToString());
        var parameters = JsonNode.Parse(result.Stdout)!["parametersJson"]!.GetValue<string>();
        Assert.Contains("\"authAuthority\"", parameters);
    }

    [Fact]
    public void Every_module_is_used_by_main()
    {
        var main = File.ReadAllText(Path.Join(RepositoryFolders.Infra, "main.bicep"));
        foreach (var module in Directory.EnumerateFiles(Path.Join(RepositoryFolders.Infra, "modules"), "*.bicep"))
            Assert.Contains($"'modules/{Path.GetFileName(module)}'", main);
    }

    [Fact]
    public async Task Snapshot_of_the_example_parameters_has_no_diagnostics()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        output.WriteLine($"bicep snapshot main.bicepparam: {deployment.Snapshot.Duration.TotalMilliseconds:F0} ms");

        Assert.True(deployment.Snapshot.IsClean, deployment.Snapshot.ToString());
        Assert.NotEmpty(deployment.Resources);
    }

    /// <summary>languageVersion 2.0 templates keep resources in an object by symbolic name; older ones in an array.</summary>
    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonObject byName => byName.Select(p => p.Value!.AsObject()),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };
}
