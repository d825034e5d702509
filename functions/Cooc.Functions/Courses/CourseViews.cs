using Cooc.Common;
using Cooc.Courses;
using Cooc.Identity;

namespace Cooc.Functions.Courses;

public sealed record LectureView(string LectureId, string Title);

public sealed record ModuleView(string ModuleId, string Title, IReadOnlyList<LectureView> Lectures);

/// <summary>A course in the caller's language. Staff also get every translation, to edit them.</summary>
public sealed record CourseView(
    string CourseId,
    string OrganizationId,
    string Language,
    string Title,
    string Description,
    string DefaultLanguage,
    IReadOnlyList<ModuleView> Modules,
    int? Capacity,
    DateTimeOffset? EnrollmentOpensAt,
    DateTimeOffset? EnrollmentClosesAt,
    CourseVisibility Visibility,
    CourseStatus Status,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    CourseTranslations? Translations,
    double? LectureCompletionThreshold)
{
    public static CourseView Of(Course course, Caller caller, IReadOnlyList<string> languages)
    {
        var (language, title) = LocalizedText.Pick(course.Title, languages, course.DefaultLanguage);
        string Text(Dictionary<string, string> texts) => LocalizedText.Pick(texts, [language, .. languages], course.DefaultLanguage).Text;
        return new CourseView(course.CourseId, course.OrganizationId, language, title, Text(course.Description), course.DefaultLanguage,
            course.Modules.Select(m => new ModuleView(m.ModuleId, Text(m.Title), m.Lectures.Select(l => new LectureView(l.LectureId, Text(l.Title))).ToList())).ToList(),
            course.Capacity, course.EnrollmentOpensAt, course.EnrollmentClosesAt, course.Visibility, course.Status, course.PublishedAt, course.UpdatedAt,
            CourseRules.IsStaffOf(caller, course) ? new CourseTranslations(course.Title, course.Description) : null, course.LectureCompletionThreshold);
    }
}

public sealed record CourseTranslations(IReadOnlyDictionary<string, string> Title, IReadOnlyDictionary<string, string> Description);

public sealed record CourseSummaryView(string CourseId, string OrganizationId, string Language, string Title, CourseVisibility Visibility, CourseStatus Status, DateTimeOffset UpdatedAt)
{
    public static CourseSummaryView Of(CatalogEntry entry, IReadOnlyList<string> languages)
    {
        var (language, title) = LocalizedText.Pick(entry.Title, languages, entry.DefaultLanguage);
        return new(entry.Id, entry.OrganizationId, language, title, entry.Visibility, entry.Status, entry.UpdatedAt);
    }
}

public sealed record CoursePage(IReadOnlyList<CourseSummaryView> Items, string? ContinuationToken);

public sealed record NewModule(Dictionary<string, string>? Title);

public sealed record NewLecture(string? ModuleId, Dictionary<string, string>? Title);
