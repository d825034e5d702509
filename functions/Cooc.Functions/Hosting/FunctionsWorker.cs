using Cooc.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Hosting;

/// <summary>Functions mode: the isolated worker with ASP.NET Core integration; the host owns routing.</summary>
public static class FunctionsWorker
{
    /// <summary>The Functions host starts the worker with these set; a plain "dotnet run" has none of them.</summary>
    public static bool IsHostPresent(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint"))
        || args.Any(a => a is "--functions-uri" or "--host" or "--workerId" or "--functions-worker-id");

    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ProblemMiddleware>();
        builder.Services.AddCooc(builder.Configuration, RunMode.Functions);
        return builder.Build();
    }

    /// <summary>Maps an exception that escaped a function with the same mapping standalone mode uses.</summary>
    private sealed class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
    {
        public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (context.GetHttpContext() is not null)
            {
                logger.LogError(e, "Function {Function} failed", context.FunctionDefinition.Name);
                await Problems.FromException(e is AggregateException { InnerException: { } inner } ? inner : e).ExecuteAsync(context.GetHttpContext()!);
            }
        }
    }
}
