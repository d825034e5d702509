using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

// Kestrel's static-file middleware and nothing else, serving ROOT at URL: what "Kestrel serving the files itself" costs,
// with the same logging level as the app under test (Warning). Files without a known extension (blob names) are served
// as application/octet-stream.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: StaticFiles ROOT_FOLDER URL");
    return 2;
}
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls(args[1]);
var app = builder.Build();
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new PhysicalFileProvider(Path.GetFullPath(args[0]), ExclusionFilters.None),
    ServeUnknownFileTypes = true,
    DefaultContentType = "application/octet-stream",
});
app.Run();
return 0;
