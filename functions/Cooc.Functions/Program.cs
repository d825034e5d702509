using Cooc.Functions.Hosting;
using Cooc.Functions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// One executable, two run modes: the isolated worker when the Functions host launched it, Kestrel otherwise.
if (FunctionsWorker.IsHostPresent(args))
{
    FunctionsWorker.Build(args).Run();
    return 0;
}
if (args.FirstOrDefault() == "token")
{
    var configuration = new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray())
        .Build();
    return TokenCommand.Run(args, configuration);
}
if (args.FirstOrDefault() == "upload")
    return await Cooc.Functions.Video.Upload.UploadCommand.RunAsync(args, CancellationToken.None);
if (args.FirstOrDefault() == "package")
    return await Cooc.Functions.Video.Packaging.PackageCommand.RunAsync(args);
StandaloneApp.Build(args).Run();
return 0;

/// <summary>The entry point, visible to the end-to-end tests (WebApplicationFactory).</summary>
public partial class Program;
