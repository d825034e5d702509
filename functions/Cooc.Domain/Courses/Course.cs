using Cooc.Completion;
using Cooc.Ports;

namespace Cooc.Courses;

public enum CourseStatus { Draft, Published }

/// <summary>Organization: only the owning organization's people (the COOC default). Public: anyone may enroll (an open MOOC).</summary>
public enum CourseVisibility { Organization, Public }

public sealed record Lecture(string LectureId, Dictionary<string, string> Title);

public sealed record CourseModule(string ModuleId, Dictionary<string, string> Title, List<Lecture> Lectures);

/// <summary>A course document: partition /courseId, id = courseId.</summary>
public sealed record Course(
    string Id,
    string CourseId,
    string OrganizationId,
    string DefaultLanguage,
    Dictionary<string, string> Title,
    Dictionary<string, string> Description,
    List<CourseModule> Modules,
    int? Capacity,
    DateTimeOffset? EnrollmentOpensAt,
    DateTimeOffset? EnrollmentClosesAt,
    CourseVisibility Visibility,
    CourseStatus Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    double? LectureCompletionThreshold = null,
    CompletionRules? Completion = null) : IDocument
{
    public bool IsPublished => Status == CourseStatus.Published;

    public bool IsEnrollmentOpen(DateTimeOffset now) =>
        IsPublished && (EnrollmentOpensAt is null || now >= EnrollmentOpensAt) && (EnrollmentClosesAt is null || now < EnrollmentClosesAt);
}

/// <summary>
/// One row of an organization's (or the public) course catalog, so listing courses is a single-partition query.
/// Stored in the courses container under the partition "catalog:{organizationId}" (or "catalog:public"): so CourseId
/// holds that partition value, as the container's partition key path is /courseId, and Id is the listed course's id.
/// </summary>
public sealed record CatalogEntry(
    string Id,
    string CourseId,
    string OrganizationId,
    string DefaultLanguage,
    Dictionary<string, string> Title,
    CourseVisibility Visibility,
    CourseStatus Status,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string PublicPartition = "catalog:public";

    public static string PartitionFor(string organizationId) => $"catalog:{organizationId}";

    public static CatalogEntry For(Course course, string partition) => new(
        course.CourseId, partition, course.OrganizationId, course.DefaultLanguage, course.Title,
        course.Visibility, course.Status, course.UpdatedAt);
}
