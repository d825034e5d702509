using Cooc.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Functions.Identity;

/// <summary>Mints tokens for standalone use (the "token" command and tests). Functions mode never registers it.</summary>
public sealed class LocalTokenIssuer(SymmetricSecurityKey key, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Mint(string userId, string organizationId, IEnumerable<Role> roles, TimeSpan? lifetime = null, string? name = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["org"] = organizationId,
            ["roles"] = roles.Select(r => r.ToString().ToLowerInvariant()).Distinct().ToArray(),
        };
        if (name is not null) claims["name"] = name;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.LocalIssuer,
            Audience = AuthOptions.LocalAudience,
            Claims = claims,
            NotBefore = now.AddSeconds(-5),
            IssuedAt = now,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
