namespace Balsam.Silo.Schema;

/// <summary>One embedded schema script: <c>NNN-name.sql</c>.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);
