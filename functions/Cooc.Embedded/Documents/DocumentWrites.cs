namespace Cooc.Embedded.Documents;

/// <summary>
/// Runs one write on the writer connection. Each write changes at most one row with one statement;
/// the reads that only tell a 404 from a 412 change nothing.
/// </summary>
internal static class DocumentWrites
{
    private const string Key = "container = @p0 AND pk = @p1 AND id = @p2";

    // The conflict target is the key only: a clash on the rowid would be a bug, and must fail rather than pass for a 409.
    private const string Insert =
        "INSERT INTO documents (rowid, container, pk, id, etag, body) VALUES (@p5, @p0, @p1, @p2, @p3, jsonb(CAST(@p4 AS TEXT)))";

    private const string Create = Insert + " ON CONFLICT (container, pk, id) DO NOTHING";

    private const string Upsert = Insert +
        " ON CONFLICT (container, pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body";

    private const string Replace = "UPDATE documents SET etag = @p3, body = jsonb(CAST(@p4 AS TEXT)) WHERE " + Key;
    private const string ReplaceIfMatch = Replace + " AND etag = @p5";
    private const string Delete = "DELETE FROM documents WHERE " + Key;
    private const string DeleteIfMatch = Delete + " AND etag = @p3";
    private const string Exists = "SELECT 1 FROM documents WHERE " + Key;

    public static WriteOutcome Apply(WriteOperation op, StatementCache statements, PartitionRowIds rowIds)
    {
        var (c, p, id) = (op.Container, op.PartitionKey, op.Id);
        switch (op.Kind)
        {
            case WriteKind.Create:
                return Done(statements.Execute(Create, c, p, id, op.ETag, op.Body, rowIds.Next(statements, c, p)) == 1,
                    WriteStatus.Conflict);
            case WriteKind.Upsert:
                statements.Execute(Upsert, c, p, id, op.ETag, op.Body, rowIds.Next(statements, c, p));
                return new(WriteStatus.Done);
            case WriteKind.Replace when op.IfMatch is null:
                return Done(statements.Execute(Replace, c, p, id, op.ETag, op.Body) == 1, WriteStatus.NotFound);
            case WriteKind.Replace:
                return statements.Execute(ReplaceIfMatch, c, p, id, op.ETag, op.Body, op.IfMatch) == 1
                    ? new(WriteStatus.Done)
                    : Missing(op, statements, WriteStatus.PreconditionFailed);
            case WriteKind.Delete when op.IfMatch is null:
                return Done(statements.Execute(Delete, c, p, id) == 1, WriteStatus.NotFound);
            case WriteKind.Delete:
                return statements.Execute(DeleteIfMatch, c, p, id, op.IfMatch) == 1
                    ? new(WriteStatus.Done)
                    : Missing(op, statements, WriteStatus.PreconditionFailed);
            case WriteKind.Patch:
                using (var reader = statements.Get(op.Statement.Text, op.Statement.Values).ExecuteReader())
                {
                    if (reader.Read())
                        return new(WriteStatus.Done, reader.GetFieldValue<byte[]>(0));
                }
                return Missing(op, statements, WriteStatus.ConditionFailed);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "Unknown write.");
        }
    }

    private static WriteOutcome Done(bool done, WriteStatus otherwise) => new(done ? WriteStatus.Done : otherwise);

    /// <summary>The row did not match: either it is not there (404) or it did not satisfy the precondition.</summary>
    private static WriteOutcome Missing(WriteOperation op, StatementCache statements, WriteStatus ifPresent)
    {
        var exists = statements.Get(Exists, op.Container, op.PartitionKey, op.Id).ExecuteScalar() is not null;
        return new(exists ? ifPresent : WriteStatus.NotFound);
    }
}
