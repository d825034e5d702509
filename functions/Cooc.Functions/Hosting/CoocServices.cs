using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;
using Cooc.Functions.Enrollments;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Messaging;
using Cooc.Functions.Video;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Functions.Hosting;

public enum RunMode { Standalone, Functions }

/// <summary>The app's composition, shared by both run modes.</summary>
public static class CoocServices
{
    public static IServiceCollection AddCooc(this IServiceCollection services, IConfiguration configuration, RunMode mode)
    {
        var settings = configuration.GetSection("Cooc").Get<CoocSettings>() ?? new CoocSettings();
        var dataPath = Path.GetFullPath(settings.DataPath);
        Directory.CreateDirectory(dataPath);
        var queueOptions = configuration.GetSection("Cooc:Queues").Get<QueueOptions>() ?? new QueueOptions();

        services.AddSingleton(settings);
        // Responses use the same JSON shape as stored documents and the OpenAPI schemas: camelCase, enums as strings.
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in DocumentJson.Options.Converters) o.SerializerOptions.Converters.Add(converter);
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(configuration.GetSection("Cooc").Get<HttpLimits>() ?? new HttpLimits());
        services.AddSingleton(configuration.GetSection("Cooc:Enrollment").Get<EnrollmentOptions>() ?? new EnrollmentOptions());
        services.AddSingleton(queueOptions);

        services.AddSingleton(configuration.GetSection("Cooc:Processor").Get<ProcessorOptions>() ?? new ProcessorOptions());
        services.AddStorageAdapters(configuration, mode, settings, dataPath, queueOptions);

        AddIdentity(services, configuration, mode, dataPath);

        services.AddSingleton<JsonBody>();
        services.AddSingleton<CourseStore>();
        services.AddSingleton<CourseCatalog>();
        services.AddSingleton<IMessageHandler, CheckCatalogHandler>();
        services.AddSingleton<SeatCounters>();
        services.AddSingleton<SeatBooking>();
        services.AddSingleton<TrainingAssignment>();
        services.AddSingleton<SeatReconciler>();
        services.AddSingleton<ReconciliationSchedule>();
        services.AddSingleton<IMessageHandler, ReconcileSeatsHandler>();
        services.AddVideo(configuration, mode, dataPath);
        services.AddAssessment(configuration);
        Cooc.Functions.Certificates.CertificateServices.AddCertificates(services, configuration, mode, dataPath);
        services.AddSingleton<Cooc.Functions.Completion.CourseCompletion>();
        services.AddSingleton<Cooc.Functions.Completion.CourseProgressRefresh>();
        services.AddSingleton<IMessageHandler>(s => s.GetRequiredService<Cooc.Functions.Completion.CourseProgressRefresh>());
        services.AddSingleton<MessageHandlers>();
        if (settings.RunConsumers) services.AddHostedService<QueueConsumers>();
        return services;
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration, RunMode mode, string dataPath)
    {
        var auth = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(auth);
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true, ValidateAudience = true, ValidateLifetime = true, ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(1), RequireExpirationTime = true,
        };
        if (mode == RunMode.Standalone && auth.Authority is null)
        {
            var key = LocalSigningKey.LoadOrCreate(dataPath);
            parameters.ValidIssuer = AuthOptions.LocalIssuer;
            parameters.ValidAudience = AuthOptions.LocalAudience;
            parameters.IssuerSigningKey = key;
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            services.AddSingleton(sp => new LocalTokenIssuer(key, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            // Entra ID: issuer and signing keys from the authority's OpenID configuration, refreshed by the manager.
            var authority = auth.Authority ?? throw new InvalidOperationException("Set Auth:Authority and Auth:Audience to validate Entra ID tokens.");
            parameters.ValidAudience = auth.Audience ?? throw new InvalidOperationException("Set Auth:Audience.");
            parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                authority.TrimEnd('/') + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever());
            parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
        }
        services.AddSingleton(parameters);
        services.AddSingleton<CallerIdentification>();
    }
}
