using Cooc.Common;

namespace Cooc.Assessment;

/// <summary>Defaults and limits of assignment settings; errors are reported under "settings.*".</summary>
public static class AssignmentSettingsRules
{
    public const int DefaultMustGrade = 5;
    public const int DefaultGradedBy = 3;
    public const int MaxMustGrade = 20;
    public const int MaxGradedBy = 10;
    public const int DefaultTextMaxLength = 10_000;
    public const int MaxTextMaxLength = 100_000;
    public const long DefaultMaxBytesPerFile = 10L * 1024 * 1024;
    public const long MaxMaxBytesPerFile = 100L * 1024 * 1024;
    public const int DefaultMaxFiles = 5;
    public const int MaxMaxFiles = 20;
    public const int MaxExtensions = 30;
    public const int DefaultLatePenaltyPercent = 10;
    public const int DefaultFlexibleAfterDays = 7;
    public const int MaxFlexibleAfterDays = 365;
    public const int DefaultFlexiblePercent = 30;

    /// <summary>
    /// Validates and applies defaults: dates given and ordered (opens &lt; due ≤ reviews due); mustGrade 1..20 and at
    /// least gradedBy (else the cohort cannot supply the reviews it needs); gradedBy 1..10; text max length
    /// 1..100,000 (default 10,000); files 1..20 (default 5) of 1 byte..100 MiB (default 10 MiB); a late penalty
    /// 0..100 % (default 10 % when accepting late); flexible grading after 1..365 days (default 7) at 1..100 %
    /// (default 30 %), on unless disabled. Returns null, with the errors added, when invalid.
    /// </summary>
    public static AssignmentSettings? Resolve(AssignmentSettingsInput? input, FieldErrors errors)
    {
        if (input is null) { errors.Add("settings", "Give the assignment's settings."); return null; }
        var fresh = new FieldErrors();
        if (input.Text is null && input.Files is null) fresh.Add("settings.text", "Allow text, files or both.");
        if (input.Text?.MaxLength is < 1 or > MaxTextMaxLength) fresh.Add("settings.text.maxLength", $"Between 1 and {MaxTextMaxLength}.");
        if (input.Files is { } files)
        {
            if (files.MaxBytesPerFile is < 1 or > MaxMaxBytesPerFile) fresh.Add("settings.files.maxBytesPerFile", $"Between 1 and {MaxMaxBytesPerFile}.");
            if (files.MaxFiles is < 1 or > MaxMaxFiles) fresh.Add("settings.files.maxFiles", $"Between 1 and {MaxMaxFiles}.");
            var extensions = files.AllowedExtensions ?? [];
            if (extensions.Count > MaxExtensions) fresh.Add("settings.files.allowedExtensions", $"At most {MaxExtensions}.");
            else if (extensions.Any(e => e?.TrimStart('.') is not { Length: > 0 and <= 10 } bare || !bare.All(char.IsAsciiLetterOrDigit)))
                fresh.Add("settings.files.allowedExtensions", "File extensions such as 'pdf' or 'docx'.");
        }
        if (input.OpensAt is null) fresh.Add("settings.opensAt", "Give when submissions open.");
        if (input.DueAt is null) fresh.Add("settings.dueAt", "Give when submissions are due.");
        if (input.ReviewsDueAt is null) fresh.Add("settings.reviewsDueAt", "Give when peer reviews are due.");
        if (input.OpensAt is { } opens && input.DueAt is { } due && due <= opens) fresh.Add("settings.dueAt", "Must be after opensAt.");
        if (input.DueAt is { } due2 && input.ReviewsDueAt is { } reviewsDue && reviewsDue < due2) fresh.Add("settings.reviewsDueAt", "Must not be before dueAt.");
        var mustGrade = input.MustGrade ?? DefaultMustGrade;
        var gradedBy = input.GradedBy ?? DefaultGradedBy;
        if (mustGrade is < 1 or > MaxMustGrade) fresh.Add("settings.mustGrade", $"Between 1 and {MaxMustGrade}.");
        if (gradedBy is < 1 or > MaxGradedBy) fresh.Add("settings.gradedBy", $"Between 1 and {MaxGradedBy}.");
        else if (mustGrade < gradedBy) fresh.Add("settings.mustGrade", "At least gradedBy, or the learners cannot review every submission enough.");
        var lateKind = input.Late?.Kind ?? LatePolicyKind.Refuse;
        var penalty = lateKind == LatePolicyKind.Refuse ? 0 : input.Late?.PenaltyPercent ?? DefaultLatePenaltyPercent;
        if (penalty is < 0 or > 100) fresh.Add("settings.late.penaltyPercent", "Between 0 and 100.");
        var afterDays = input.Flexible?.AfterDays ?? DefaultFlexibleAfterDays;
        var percent = input.Flexible?.Percent ?? DefaultFlexiblePercent;
        if (afterDays is < 1 or > MaxFlexibleAfterDays) fresh.Add("settings.flexible.afterDays", $"Between 1 and {MaxFlexibleAfterDays}.");
        if (percent is < 1 or > 100) fresh.Add("settings.flexible.percent", "Between 1 and 100.");
        if (input.Estimator is { } estimator && !Enum.IsDefined(estimator)) fresh.Add("settings.estimator", "median or reviewerModel.");
        if (fresh.Any) { Merge(fresh, errors); return null; }
        return new AssignmentSettings(
            input.Text is null ? null : new TextSubmissionSettings(input.Text.MaxLength ?? DefaultTextMaxLength),
            input.Files is null ? null : new FileSubmissionSettings(
                (input.Files.AllowedExtensions ?? []).Select(e => e.TrimStart('.').ToLowerInvariant()).Distinct().ToList(),
                input.Files.MaxBytesPerFile ?? DefaultMaxBytesPerFile, input.Files.MaxFiles ?? DefaultMaxFiles),
            input.OpensAt!.Value.ToUniversalTime(), input.DueAt!.Value.ToUniversalTime(), input.ReviewsDueAt!.Value.ToUniversalTime(),
            mustGrade, gradedBy, new LatePolicy(lateKind, penalty), input.ResubmissionAllowed ?? true,
            new FlexibleGrading(input.Flexible?.Enabled ?? true, afterDays, percent), input.SelfAssessment ?? false,
            input.Estimator ?? EstimatorKind.Median);
    }

    /// <summary>The input that resolves to these settings: what an edit (PATCH) starts from.</summary>
    public static AssignmentSettingsInput ToInput(AssignmentSettings s) => new(
        s.Text is null ? null : new TextSubmissionInput(s.Text.MaxLength),
        s.Files is null ? null : new FileSubmissionInput([.. s.Files.AllowedExtensions], s.Files.MaxBytesPerFile, s.Files.MaxFiles),
        s.OpensAt, s.DueAt, s.ReviewsDueAt, s.MustGrade, s.GradedBy, new LatePolicyInput(s.Late.Kind, s.Late.PenaltyPercent),
        s.ResubmissionAllowed, new FlexibleGradingInput(s.Flexible.Enabled, s.Flexible.AfterDays, s.Flexible.Percent), s.SelfAssessment, s.Estimator);

    private static void Merge(FieldErrors from, FieldErrors into)
    {
        foreach (var (field, messages) in from.ToRefusal().Errors!)
            foreach (var message in messages) into.Add(field, message);
    }
}
