using Cooc.Functions.Http;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Identity;

public sealed record WhoAmIView(string UserId, string OrganizationId, IReadOnlyList<string> Roles, string? Name);

public sealed class WhoAmIFunction(CallerIdentification callers)
{
    [Function("WhoAmI")]
    [ApiOperation("Identity", "Who the token says you are: user, organization and roles.", null, typeof(WhoAmIView))]
    public async Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        return TypedResults.Ok(new WhoAmIView(caller.UserId, caller.OrganizationId, caller.Roles.Select(r => r.ToString().ToLowerInvariant()).Order().ToList(), caller.Name));
    }
}
