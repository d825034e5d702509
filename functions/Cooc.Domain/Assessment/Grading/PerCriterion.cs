namespace Cooc.Assessment.Grading;

/// <summary>Shared by estimators that look at each item's criterion scores alone.</summary>
internal static class PerCriterion
{
    public static AssessmentEstimate Estimate(AssessmentData data, Func<IReadOnlyList<double>, CriterionEstimate> combine)
    {
        var submissions = new Dictionary<string, SubmissionEstimate>(StringComparer.Ordinal);
        foreach (var item in data.Scores.GroupBy(s => s.SubmissionId, StringComparer.Ordinal))
        {
            var criteria = new Dictionary<string, CriterionEstimate>(StringComparer.Ordinal);
            foreach (var criterion in data.Rubric.Criteria)
            {
                var points = item.Where(s => s.CriterionId == criterion.CriterionId)
                    .Select(s => (double)data.Rubric.PointsOf(s.CriterionId, s.OptionIndex)).ToList();
                if (points.Count > 0) criteria[criterion.CriterionId] = combine(points);
            }
            submissions[item.Key] = new SubmissionEstimate(item.Key, criteria, criteria.Values.Sum(c => c.Points));
        }
        return new AssessmentEstimate(submissions, new Dictionary<string, ReviewerQuality>(StringComparer.Ordinal));
    }
}
