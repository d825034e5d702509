using System.Runtime.CompilerServices;

// The adapter tests check the SQL plans of the document queries (QuerySql) against the indexes (DocumentIndex).
[assembly: InternalsVisibleTo("Cooc.Adapters.Tests")]
