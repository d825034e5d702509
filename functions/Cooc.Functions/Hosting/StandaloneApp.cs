using Cooc.Embedded.Blobs;
using Cooc.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Cooc.Functions.Hosting;

/// <summary>Standalone mode: the functions on Kestrel, the signed blob endpoint, the API reference UI and the queue consumers.</summary>
public static class StandaloneApp
{
    public const string DefaultUrl = "http://localhost:7071";
    private const string SignedBlobsCors = "signed-blobs";

    private static void SignedBlobsCorsPolicy(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "HEAD", "PUT")
        .WithExposedHeaders("ETag", "Content-Range", "Accept-Ranges", "Content-Length", "Last-Modified")
        .SetPreflightMaxAge(TimeSpan.FromHours(1));

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files ship next to the app; data paths stay relative to where it is started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddSimpleConsoleJson();
        configure?.Invoke(builder);
        builder.Services.AddCooc(builder.Configuration, RunMode.Standalone);
        builder.Services.AddCors(o => o.AddPolicy(SignedBlobsCors, SignedBlobsCorsPolicy));
        builder.Services.AddTrustedProxies(builder.Configuration);

        var app = builder.Build();
        app.UseForwardedHeaders(); // first: everything after sees the client's scheme, host and address (TrustedProxies)
        app.UseStatusCodePages(context =>
            context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0 ? Task.CompletedTask
            : Problems.Problem(context.HttpContext.Response.StatusCode, "No such endpoint or method.").ExecuteAsync(context.HttpContext));
        app.MapHttpFunctions(HttpFunction.Discover(typeof(StandaloneApp).Assembly, HostJson.RoutePrefix()));
        if (app.Services.GetService<LocalFileBlobStore>() is not null) // Azure blobs sign their own URLs
        {
            // Browsers upload blocks and players fetch segments from any origin: the signature is the authorization.
            app.UseWhen(http => http.Request.Path.StartsWithSegments(SignedBlobEndpoints.RoutePrefix), blobs => blobs.UseCors(SignedBlobsCors));
            app.MapSignedBlobEndpoints();
        }
        app.MapScalarApiReference("/api/docs", options => options.WithOpenApiRoutePattern("/api/openapi.json"));
        return app;
    }
}
