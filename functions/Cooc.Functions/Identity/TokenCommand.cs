using Cooc.Functions.Hosting;
using Cooc.Identity;
using Microsoft.Extensions.Configuration;

namespace Cooc.Functions.Identity;

/// <summary>
/// "token --user alice --org acme --role instructor [--role learner] [--name 'Alice A.'] [--hours 12]": prints one
/// token signed with the standalone signing key of the data folder, and nothing else, on stdout.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        string? user = null, org = null, name = null;
        var roles = new List<Role>();
        var hours = 12.0;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user": user = value; i++; break;
                case "--org": org = value; i++; break;
                case "--name": name = value; i++; break;
                case "--hours" when double.TryParse(value, out var h) && h > 0: hours = h; i++; break;
                case "--role" when value is not null && Caller.TryParseRole(value, out var role): roles.Add(role); i++; break;
                case var setting when setting.StartsWith("--Cooc:", StringComparison.Ordinal) && value is not null: i++; break; // read as configuration
                default: return Fail($"Unknown or incomplete option '{args[i]}'.");
            }
        }
        if (!Cooc.Common.Ids.IsValid(user) || !Cooc.Common.Ids.IsValid(org) || roles.Count == 0)
            return Fail("Give --user, --org and at least one --role (learner, instructor, manager, admin).");
        var settings = configuration.GetSection("Cooc").Get<CoocSettings>() ?? new CoocSettings();
        var key = LocalSigningKey.LoadOrCreate(Path.GetFullPath(settings.DataPath));
        Console.Out.WriteLine(new LocalTokenIssuer(key, TimeProvider.System).Mint(user!, org!, roles, TimeSpan.FromHours(hours), name));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("usage: token --user ID --org ID --role ROLE [--role ROLE] [--name NAME] [--hours N]");
        return 2;
    }
}
