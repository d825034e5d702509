using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Hosting;

/// <summary>An HTTP-triggered function as declared by its attributes: the one definition both run modes serve.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method)
{
    /// <summary>Every [Function] method of the assembly whose trigger is [HttpTrigger], with the route prefix applied.</summary>
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly, string routePrefix) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => new HttpFunction(
                x.Function!.Name,
                "/" + string.Join('/', new[] { routePrefix.Trim('/'), (x.Trigger!.Route ?? x.Function.Name).Trim('/') }.Where(s => s.Length > 0)),
                (x.Trigger.Methods ?? ["get", "post"]).Select(v => v.ToUpperInvariant()).ToArray(),
                x.Method))
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToList();
}
