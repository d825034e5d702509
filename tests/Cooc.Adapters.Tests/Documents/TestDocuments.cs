using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public enum Track { Audit, Verified, Honors }

/// <summary>An enrollment-like document with one property of each scalar kind the port compares.</summary>
public sealed record Learner(
    string Id,
    string CourseId,
    string Name,
    int Score,
    Track Track,
    DateTimeOffset EnrolledAt,
    bool Passed,
    double? Grade = null) : IDocument;

/// <summary>A course-like document with a nested seat counter.</summary>
public sealed record Course(string Id, string CourseId, string Title, Seats Seats, int Waitlisted = 0) : IDocument;

public sealed record Seats(int Taken, int Capacity);

/// <summary>A document in the same partition that lacks most properties (they are undefined, not null).</summary>
public sealed record Note(string Id, string CourseId, string Text) : IDocument;

/// <summary>A course document without a seat counter yet, to increment properties that do not exist.</summary>
public sealed record BareCourse(string Id, string CourseId) : IDocument;

/// <summary>Reads a bare course back with whatever counters increments added.</summary>
public sealed record CountedCourse(string Id, string CourseId, Seats? Seats, int Views) : IDocument;

/// <summary>A course with a seat counter and a list of who holds the seats, for patches that count and append at once.</summary>
public sealed record RosterCourse(string Id, string CourseId, Seats Seats, List<string> Holders) : IDocument;
