using System.Text.Json.Nodes;

namespace Cooc.Functions.Hosting;

/// <summary>Reads host.json (copied next to the app) so standalone mode uses the Functions host's route prefix.</summary>
public static class HostJson
{
    public static string RoutePrefix()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path)) return "api";
        var prefix = JsonNode.Parse(File.ReadAllText(path))?["extensions"]?["http"]?["routePrefix"];
        return prefix?.GetValue<string>() ?? "api";
    }
}
