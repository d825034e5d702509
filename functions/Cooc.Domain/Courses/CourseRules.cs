using Cooc.Common;
using Cooc.Identity;

namespace Cooc.Courses;

/// <summary>What the caller sends to create or edit a course.</summary>
public sealed record CourseInput(
    Dictionary<string, string>? Title,
    Dictionary<string, string>? Description,
    string? DefaultLanguage,
    int? Capacity,
    DateTimeOffset? EnrollmentOpensAt,
    DateTimeOffset? EnrollmentClosesAt,
    CourseVisibility? Visibility,
    double? LectureCompletionThreshold = null);

/// <summary>Pure decisions about courses: who may see or change them, and what a valid course is.</summary>
public static class CourseRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxModules = 200;
    public const int MaxLecturesPerModule = 200;

    /// <summary>Staff of the owning organization see everything; others see published courses of their organization or public ones.</summary>
    public static bool CanSee(Caller caller, Course course) =>
        IsStaffOf(caller, course) || (course.IsPublished && (course.OrganizationId == caller.OrganizationId || course.Visibility == CourseVisibility.Public));

    public static bool IsStaffOf(Caller caller, Course course) => caller.IsCourseStaff && caller.OrganizationId == course.OrganizationId;

    /// <summary>For anything the caller may not see, "not found": ids of other organizations are never confirmed.</summary>
    public static Refusal? RefuseEdit(Caller caller, Course course) =>
        !CanSee(caller, course) ? Refusal.NotFound("Course")
        : !IsStaffOf(caller, course) ? Refusal.Forbidden("Only the course's instructors, managers and admins may change it.")
        : null;

    public static Outcome<Course> Create(CourseInput input, string courseId, Caller caller, DateTimeOffset now)
    {
        if (!caller.IsCourseStaff) return Refusal.Forbidden("Only instructors, managers and admins create courses.");
        var errors = Validate(input);
        if (errors.Any) return errors.ToRefusal();
        return new Course(courseId, courseId, caller.OrganizationId, input.DefaultLanguage!, input.Title!,
            input.Description ?? [], [], input.Capacity, input.EnrollmentOpensAt?.ToUniversalTime(), input.EnrollmentClosesAt?.ToUniversalTime(),
            input.Visibility ?? CourseVisibility.Organization, CourseStatus.Draft, caller.UserId, now, now, null, input.LectureCompletionThreshold);
    }

    public static Outcome<Course> Edit(Course course, CourseInput input, Caller caller, DateTimeOffset now)
    {
        if (RefuseEdit(caller, course) is { } refusal) return refusal;
        var errors = Validate(input);
        if (errors.Any) return errors.ToRefusal();
        return course with
        {
            Title = input.Title!, Description = input.Description ?? [], DefaultLanguage = input.DefaultLanguage!,
            Capacity = input.Capacity, EnrollmentOpensAt = input.EnrollmentOpensAt?.ToUniversalTime(),
            EnrollmentClosesAt = input.EnrollmentClosesAt?.ToUniversalTime(),
            Visibility = input.Visibility ?? course.Visibility, LectureCompletionThreshold = input.LectureCompletionThreshold, UpdatedAt = now,
        };
    }

    public static Outcome<Course> Publish(Course course, Caller caller, DateTimeOffset now)
    {
        if (RefuseEdit(caller, course) is { } refusal) return refusal;
        if (course.IsPublished) return course;
        return course with { Status = CourseStatus.Published, PublishedAt = now, UpdatedAt = now };
    }

    public static Outcome<Course> AddModule(Course course, Dictionary<string, string>? title, string moduleId, Caller caller, DateTimeOffset now)
    {
        if (RefuseEdit(caller, course) is { } refusal) return refusal;
        var errors = new FieldErrors();
        LocalizedText.Validate(title, "title", MaxTitleLength, errors);
        errors.Require(course.Modules.Count < MaxModules, "moduleId", $"A course holds at most {MaxModules} modules.");
        if (errors.Any) return errors.ToRefusal();
        return course with { Modules = [.. course.Modules, new CourseModule(moduleId, title!, [])], UpdatedAt = now };
    }

    public static Outcome<Course> AddLecture(Course course, string? moduleId, Dictionary<string, string>? title, string lectureId, Caller caller, DateTimeOffset now)
    {
        if (RefuseEdit(caller, course) is { } refusal) return refusal;
        var errors = new FieldErrors();
        LocalizedText.Validate(title, "title", MaxTitleLength, errors);
        var module = course.Modules.FirstOrDefault(m => m.ModuleId == moduleId);
        if (module is null) errors.Add("moduleId", "No module of this course has that id.");
        else errors.Require(module.Lectures.Count < MaxLecturesPerModule, "moduleId", $"A module holds at most {MaxLecturesPerModule} lectures.");
        if (errors.Any) return errors.ToRefusal();
        var modules = course.Modules
            .Select(m => m.ModuleId == moduleId ? m with { Lectures = [.. m.Lectures, new Lecture(lectureId, title!)] } : m)
            .ToList();
        return course with { Modules = modules, UpdatedAt = now };
    }

    private static FieldErrors Validate(CourseInput input)
    {
        var errors = new FieldErrors();
        LocalizedText.Validate(input.Title, "title", MaxTitleLength, errors);
        LocalizedText.Validate(input.Description, "description", MaxDescriptionLength, errors, required: false);
        if (!LocalizedText.IsValidTag(input.DefaultLanguage)) errors.Add("defaultLanguage", "Give the course's default language tag, such as 'en'.");
        else if (input.Title is not null && !input.Title.ContainsKey(input.DefaultLanguage!))
            errors.Add("title", "Give the title in the course's default language.");
        if (input.Capacity is < 1 or > 1_000_000) errors.Add("capacity", "Between 1 and 1,000,000, or leave it out for no limit.");
        if (input.EnrollmentOpensAt is { } opens && input.EnrollmentClosesAt is { } closes && closes <= opens)
            errors.Add("enrollmentClosesAt", "Must be after enrollmentOpensAt.");
        if (input.LectureCompletionThreshold is { } threshold && !(threshold is >= 0.5 and <= 1.0))
            errors.Add("lectureCompletionThreshold", "The watched fraction that completes a lecture: between 0.5 and 1, or leave it out for 0.9.");
        return errors;
    }
}
