using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Hosting;

/// <summary>
/// Standalone behind a reverse proxy that ends TLS (nginx, a load balancer): X-Forwarded-For, -Proto and -Host are
/// applied only when the connection comes from a trusted proxy, so URLs the app builds for clients (the playback URL)
/// carry the public scheme and host. "Cooc:TrustedProxies": IP addresses or CIDR networks, as a list or one
/// comma-separated value; default the loopback addresses (a proxy on the same machine). Anyone else's forwarded
/// headers are ignored. Where the public origin is fixed, Cooc:PublicBaseUrl is simpler and wins.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Cooc:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var entries = (section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = null; // every hop that is a trusted proxy; the first untrusted one stops it
            if (entries.Count == 0) return; // the framework's default: 127.0.0.0/8 and ::1
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (entry.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(entry, out var network) ? network : throw Invalid(entry));
                else options.KnownProxies.Add(IPAddress.TryParse(entry, out var address) ? address : throw Invalid(entry));
            }
        });
        return services;
    }

    private static InvalidOperationException Invalid(string entry) =>
        new($"{Section}: '{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
}
