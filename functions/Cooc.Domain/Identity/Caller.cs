namespace Cooc.Identity;

public enum Role { Learner, Instructor, Manager, Admin }

/// <summary>Who is calling, as proven by a validated bearer token.</summary>
public sealed record Caller(string UserId, string OrganizationId, IReadOnlySet<Role> Roles, string? Name = null)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Instructors, managers and admins run the organization's courses.</summary>
    public bool IsCourseStaff => Has(Role.Instructor) || Has(Role.Manager) || Has(Role.Admin);

    /// <summary>Managers and admins assign training and see enrollments of any course in their organization.</summary>
    public bool IsManager => Has(Role.Manager) || Has(Role.Admin);

    public static bool TryParseRole(string text, out Role role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role);
}
