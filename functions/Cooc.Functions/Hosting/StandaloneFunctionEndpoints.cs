using System.Reflection;
using Cooc.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Hosting;

/// <summary>
/// Standalone mode: serves every HTTP function on Kestrel at the same route and verbs as the Functions host would,
/// binding what a function declares: the HttpRequest, route values by parameter name, and a CancellationToken.
/// </summary>
public static class StandaloneFunctionEndpoints
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder app, IReadOnlyList<HttpFunction> functions)
    {
        foreach (var function in functions)
            app.MapMethods(function.Route, function.Methods, Invoker(function, app.ServiceProvider))
                .WithName(function.Name)
                .WithMetadata(function.Method);
        return app;
    }

    private static RequestDelegate Invoker(HttpFunction function, IServiceProvider services)
    {
        var method = function.Method;
        var factory = ActivatorUtilities.CreateFactory(method.DeclaringType!, []);
        var binders = method.GetParameters().Select(Binder).ToArray();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Cooc.Functions." + function.Name);
        return async context =>
        {
            IResult result;
            try
            {
                var target = factory(context.RequestServices, null);
                var arguments = binders.Select(bind => bind(context)).ToArray();
                result = method.Invoke(target, arguments) switch
                {
                    Task<IResult> task => await task,
                    IResult done => done,
                    var other => throw new InvalidOperationException($"{function.Name} returned {other?.GetType().Name ?? "null"}, not IResult."),
                };
            }
            catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
                logger.LogError(inner, "Function {Function} failed", function.Name);
                result = Problems.FromException(inner);
            }
            await result.ExecuteAsync(context);
        };
    }

    private static Func<HttpContext, object?> Binder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest)) return c => c.Request;
        if (parameter.ParameterType == typeof(CancellationToken)) return c => c.RequestAborted;
        if (parameter.ParameterType == typeof(string)) return c => c.Request.RouteValues[parameter.Name!] as string;
        throw new InvalidOperationException(
            $"{parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}: parameter '{parameter.Name}' of type {parameter.ParameterType.Name} "
            + "cannot be bound standalone; functions take HttpRequest, route values as strings, and CancellationToken.");
    }
}
