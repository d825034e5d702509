namespace Cooc.Assessment.Grading;

/// <summary>Builds <see cref="AssessmentData"/> for one rubric version from the assignment's documents.</summary>
public static class AssessmentDataBuilder
{
    /// <summary>
    /// Scores: every review of this rubric version, criterion by criterion, keyed by the review's SubmissionId; when
    /// submissions are given, reviews of an earlier revision than the submission's current one are left out.
    /// Anchors: staff grades of those submissions (this version), and, per active calibration example of this version,
    /// the staff's points per criterion, with the learners' calibration scores (from their records) as scores of the
    /// example's <see cref="CalibrationExample.SubmissionKey"/>.
    /// </summary>
    public static AssessmentData Build(
        RubricVersion rubric,
        IEnumerable<Review> reviews,
        IEnumerable<Submission>? submissions = null,
        IEnumerable<CalibrationExample>? examples = null,
        IEnumerable<ReviewerRecord>? reviewers = null)
    {
        var current = submissions?.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var scores = reviews
            .Where(r => r.RubricVersion == rubric.Version)
            .Where(r => current is null || (current.TryGetValue(r.SubmissionId, out var s) && s.Revision == r.SubmissionRevision))
            .OrderBy(r => r.CompletedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .SelectMany(r => rubric.Criteria.Where(c => r.Options.ContainsKey(c.CriterionId))
                .Select(c => new ReviewScore(r.SubmissionId, r.ReviewerId, c.CriterionId, r.Options[c.CriterionId])))
            .ToList();
        var anchors = new List<AnchorScore>();
        foreach (var s in current?.Values.OrderBy(s => s.Id, StringComparer.Ordinal) ?? Enumerable.Empty<Submission>())
            if (s.Grade is { Source: GradeSource.Staff } grade && s.RubricVersion == rubric.Version)
                anchors.AddRange(grade.Criteria.Select(c => new AnchorScore(s.Id, c.CriterionId, c.Points, AnchorSource.StaffGrade)));
        var versionExamples = (examples ?? []).Where(e => e.RubricVersion == rubric.Version).ToList();
        foreach (var example in versionExamples)
            anchors.AddRange(rubric.Criteria.Where(c => example.StaffOptions.ContainsKey(c.CriterionId)).Select(c =>
                new AnchorScore(example.SubmissionKey, c.CriterionId, rubric.PointsOf(c.CriterionId, example.StaffOptions[c.CriterionId]), AnchorSource.Calibration)));
        foreach (var record in (reviewers ?? []).OrderBy(r => r.LearnerId, StringComparer.Ordinal))
            foreach (var result in record.Calibrations.Where(c => c.RubricVersion == rubric.Version))
                if (versionExamples.FirstOrDefault(e => e.ExampleId == result.ExampleId) is { } example)
                    scores.AddRange(result.Criteria.Where(d => rubric.Criterion(d.CriterionId) is not null)
                        .Select(d => new ReviewScore(example.SubmissionKey, record.LearnerId, d.CriterionId, d.LearnerOption)));
        return new AssessmentData(rubric, scores, anchors);
    }
}
