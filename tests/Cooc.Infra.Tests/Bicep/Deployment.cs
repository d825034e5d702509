using System.Text.Json.Nodes;

namespace Cooc.Infra.Tests.Bicep;

/// <summary>
/// The resources infra/main.bicep would deploy with a parameter set, as predicted by "bicep snapshot": loops,
/// modules, variables and parameters are evaluated; only run-time values (reference(), e.g. endpoints and
/// principal ids) stay ARM expressions.
/// </summary>
public sealed class Deployment
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "rg-cooc-test";

    private static readonly Lazy<Task<Deployment>> Example = new(() => SnapshotAsync(parametersFile: null));

    /// <summary>The deployment of infra/main.bicepparam (the README's example).</summary>
    public static Task<Deployment> ExampleParametersAsync() => Example.Value;

    private Deployment(BicepResult snapshot, IReadOnlyList<JsonObject> resources, JsonObject outputs)
    {
        Snapshot = snapshot;
        Resources = resources;
        Outputs = outputs;
    }

    /// <summary>The snapshot command's result; warnings do not stop it (the compile tests report them).</summary>
    public BicepResult Snapshot { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs { get; }

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    public static string NameOf(JsonObject resource) => (string)resource["name"]!;

    /// <summary>The last segment of a child resource's name ("account/db/courses" -> "courses").</summary>
    public static string ShortName(JsonObject resource) => NameOf(resource).Split('/')[^1];

    /// <summary>
    /// Snapshots a copy of infra/ (bicep writes the snapshot next to the parameters file) with main.bicepparam, or
    /// with the given .bicepparam text ("using './main.bicep'" first).
    /// </summary>
    public static async Task<Deployment> SnapshotAsync(string? parametersFile)
    {
        var copy = Directory.CreateTempSubdirectory("cooc-infra-");
        try
        {
            CopyDirectory(RepositoryFolders.Infra, copy.FullName);
            var parameters = "main.bicepparam";
            if (parametersFile is not null)
            {
                parameters = "test.bicepparam";
                await File.WriteAllTextAsync(Path.Join(copy.FullName, parameters), parametersFile);
            }
            var result = await BicepCli.RunAsync(copy.FullName, "snapshot", parameters, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", "westeurope");
            if (result.ExitCode != 0) throw new InvalidOperationException(result.ToString());
            var snapshotPath = Path.Join(copy.FullName, Path.ChangeExtension(parameters, ".snapshot.json"));
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(snapshotPath))!.AsObject();
            var diagnostics = snapshot["diagnostics"]?.AsArray() ?? [];
            if (diagnostics.Count > 0) throw new InvalidOperationException($"Snapshot diagnostics: {diagnostics.ToJsonString()}");
            var resources = snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
            return new Deployment(result, resources, snapshot["outputs"]?.AsObject() ?? []);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Join(target, Path.GetRelativePath(source, directory)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Join(target, Path.GetRelativePath(source, file)));
    }
}
