using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Hosting;

public static class Logging
{
    /// <summary>Structured logs: one JSON object per line, with scopes, in UTC.</summary>
    public static ILoggingBuilder AddSimpleConsoleJson(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "O"; });
        return logging;
    }
}
