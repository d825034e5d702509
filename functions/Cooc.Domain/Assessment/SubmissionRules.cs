using System.Diagnostics.CodeAnalysis;
using Cooc.Common;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Pure decisions about submitting and resubmitting work.</summary>
public static class SubmissionRules
{
    public const int MaxFileNameLength = 255;
    public const int MaxContentTypeLength = 100;

    /// <summary>Files of an assignment live under "{assignmentId}/" in the "submissions" blob container.</summary>
    public static string BlobPrefix(string assignmentId) => $"{assignmentId}/";

    /// <summary>A submission file's blob: give a random upload id (Ids.New), never one derived from the author.</summary>
    public static string BlobName(string assignmentId, string uploadId) => BlobPrefix(assignmentId) + uploadId;

    /// <summary>
    /// A learner holding a seat submits (existing null) or replaces their submission. Refused before opensAt (409).
    /// On time (now &lt; dueAt) it is accepted; a replacement only when resubmission is allowed and the current one has
    /// no grade. After dueAt: never a replacement; a first submission is refused under <see cref="LatePolicyKind.Refuse"/>,
    /// else accepted as Late with the penalty until reviewsDueAt. A replacement gets Revision + 1, the current rubric,
    /// SubmittedAt = now (it queues afresh) and zeroed counters: earlier reviews and leases no longer count.
    /// Content: text within the limit and/or files of allowed extensions and size; at least one of them. Each file
    /// must be in uploads (keyed by blob name; what storage found, see <see cref="SubmissionUploads.Verify"/>): the
    /// author's own upload, of the declared size, with content matching its extension; it is stored with the media
    /// type its content shows, whatever the client declared.
    /// </summary>
    public static Outcome<SubmissionResult> Submit(Assignment assignment, Submission? existing, SubmissionInput input, Caller author, Enrollment? enrollment, DateTimeOffset now,
        IReadOnlyDictionary<string, UploadedFile>? uploads = null)
    {
        if (enrollment is not { HoldsSeat: true } || enrollment.LearnerId != author.UserId || enrollment.CourseId != assignment.CourseId)
            return Refusal.NotFound("Assignment");
        if (existing is not null && (existing.AuthorId != author.UserId || existing.AssignmentId != assignment.AssignmentId))
            throw new ArgumentException("The existing submission is another learner's or another assignment's.", nameof(existing));
        var settings = assignment.Settings;
        if (now < settings.OpensAt) return Refusal.Conflict("Submissions are not open yet.", $"They open at {settings.OpensAt:u}.");
        var late = now >= settings.DueAt;
        if (existing is not null)
        {
            if (!settings.ResubmissionAllowed) return Refusal.Conflict("You already submitted.", "This assignment does not take resubmissions.");
            if (late) return Refusal.Conflict("The due date has passed.", "Your submission can no longer be replaced.");
            if (existing.Grade is not null) return Refusal.Conflict("Your submission is already graded.");
        }
        else if (late && settings.Late.Kind == LatePolicyKind.Refuse) return Refusal.Conflict("The due date has passed.", "This assignment does not take late submissions.");
        else if (late && now >= settings.ReviewsDueAt) return Refusal.Conflict("Reviews are already due.", "It is too late to submit.");

        var errors = Validate(assignment, input);
        List<string> mediaTypes = errors.Any ? [] : VerifyUploads(assignment, input, uploads ?? new Dictionary<string, UploadedFile>(), author.UserId, errors);
        if (errors.Any) return errors.ToRefusal();
        var text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text;
        var files = (input.Files ?? []).Select((f, i) => new SubmittedFile(f.FileName!.Trim(), mediaTypes[i], f.Size!.Value, f.BlobName!)).ToList();
        var submission = new Submission(Submission.IdFor(author.UserId), assignment.AssignmentId, assignment.CourseId, assignment.OrganizationId,
            author.UserId, (existing?.Revision ?? 0) + 1, AssignmentRules.RubricForNewSubmission(assignment).Version, text, files, now,
            late, late ? settings.Late.PenaltyPercent : 0, 0, 0, 0, [], SubmissionStatus.Waiting, null, null, null, null, 0, now);
        return new SubmissionResult(submission, existing);
    }

    private static FieldErrors Validate(Assignment assignment, SubmissionInput input)
    {
        var errors = new FieldErrors();
        var (textRules, fileRules) = (assignment.Settings.Text, assignment.Settings.Files);
        var hasText = !string.IsNullOrWhiteSpace(input.Text);
        var files = input.Files ?? [];
        if (hasText && textRules is null) errors.Add("text", "This assignment takes files only.");
        else if (hasText && input.Text!.Length > textRules!.MaxLength) errors.Add("text", $"At most {textRules.MaxLength} characters.");
        if (files.Count > 0 && fileRules is null) errors.Add("files", "This assignment takes text only.");
        else if (fileRules is not null && files.Count > fileRules.MaxFiles) errors.Add("files", $"At most {fileRules.MaxFiles} files.");
        else if (fileRules is not null)
            for (var i = 0; i < files.Count; i++) ValidateFile(assignment.AssignmentId, fileRules, files[i], $"files[{i}]", errors);
        if (!hasText && files.Count == 0) errors.Add(textRules is null ? "files" : "text", "The submission is empty.");
        return errors;
    }

    private static List<string> VerifyUploads(Assignment assignment, SubmissionInput input, IReadOnlyDictionary<string, UploadedFile> uploads, string authorId, FieldErrors errors)
    {
        var files = input.Files ?? [];
        var types = new List<string>();
        for (var i = 0; i < files.Count; i++)
            types.Add(SubmissionUploads.Verify(assignment.Settings.Files!, files[i]!, uploads.GetValueOrDefault(files[i]!.BlobName!), authorId, $"files[{i}]", errors) ?? "");
        if (files.Select(f => f!.BlobName).Distinct(StringComparer.Ordinal).Count() < files.Count) errors.Add("files", "Each upload can be attached once.");
        return types;
    }

    /// <summary>A file name without a folder or control characters, at most 255 characters.</summary>
    public static bool IsFileName([NotNullWhen(true)] string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxFileNameLength && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    private static void ValidateFile(string assignmentId, FileSubmissionSettings rules, SubmittedFileInput? file, string at, FieldErrors errors)
    {
        if (file is null) { errors.Add(at, "Give the file."); return; }
        var name = file.FileName?.Trim();
        if (!IsFileName(name))
            errors.Add($"{at}.fileName", $"A file name without a folder, at most {MaxFileNameLength} characters.");
        else if (rules.AllowedExtensions.Count > 0 && !rules.AllowedExtensions.Contains(ExtensionOf(name)))
            errors.Add($"{at}.fileName", $"Allowed types: {string.Join(", ", rules.AllowedExtensions)}.");
        if (file.Size is not { } size || size < 1 || size > rules.MaxBytesPerFile) errors.Add($"{at}.size", $"Between 1 and {rules.MaxBytesPerFile} bytes.");
        if (string.IsNullOrWhiteSpace(file.ContentType) || file.ContentType.Length > MaxContentTypeLength || !file.ContentType.Contains('/'))
            errors.Add($"{at}.contentType", "A media type such as 'application/pdf'.");
        if (SubmissionUploads.UploadIdOf(assignmentId, file.BlobName) is null)
            errors.Add($"{at}.blobName", "Upload the file for this assignment first and give its blob name.");
    }

    /// <summary>The lowercase extension without the dot ("" when none).</summary>
    public static string ExtensionOf(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot < 0 ? "" : fileName[(dot + 1)..].ToLowerInvariant();
    }
}
