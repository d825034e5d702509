using System.Text.Json;
using Cooc.Common;
using Cooc.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Functions.Identity;

/// <summary>
/// Validates the bearer token of a request and says who is calling. Every function calls it first, in both run modes,
/// so there is one way in: no middleware that one host has and the other lacks.
/// </summary>
public sealed class CallerIdentification(TokenValidationParameters parameters, AuthOptions options)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<(Caller? Caller, string Problem)> IdentifyAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, "Send an 'Authorization: Bearer <token>' header.");
        var result = await handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
            return (null, result.Exception is SecurityTokenExpiredException ? "The token has expired." : "The token is not valid.");
        return ToCaller(token) is { } caller ? (caller, "") : (null, "The token lacks a subject, an organization or a known role.");
    }

    private Caller? ToCaller(JsonWebToken token)
    {
        var subject = token.TryGetPayloadValue<string>("sub", out var sub) ? sub : null;
        var organization = token.TryGetPayloadValue<string>(options.OrganizationClaim, out var org) ? org
            : token.TryGetPayloadValue<string>("tid", out var tid) ? tid : null;
        if (!Ids.IsValid(subject) || !Ids.IsValid(organization)) return null;
        var roles = new HashSet<Role>();
        foreach (var text in RoleTexts(token))
            if (Caller.TryParseRole(text, out var role)) roles.Add(role);
        if (roles.Count == 0) return null;
        token.TryGetPayloadValue<string>("name", out var name);
        return new Caller(subject!, organization!, roles, name);
    }

    // "roles" is an array in our tokens and in Entra's, but a single role may arrive as a string.
    private static IEnumerable<string> RoleTexts(JsonWebToken token)
    {
        if (token.TryGetPayloadValue<string[]>("roles", out var many) && many is not null) return many;
        if (token.TryGetPayloadValue<string>("roles", out var one) && one is not null) return [one];
        if (token.TryGetPayloadValue<JsonElement>("roles", out var element) && element.ValueKind == JsonValueKind.Array)
            return element.EnumerateArray().Select(e => e.GetString() ?? "");
        return [];
    }
}
