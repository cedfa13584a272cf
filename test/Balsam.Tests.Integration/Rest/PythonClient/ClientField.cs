namespace Balsam.Tests.Integration.Rest.PythonClient;

/// <summary>
/// One field of a response model of Balsam's Python client (pydantic 1.10): whether the key must be there, whether
/// <c>null</c> is accepted, and its kind (<c>int</c>, <c>number</c>, <c>string</c>, <c>bool</c>, <c>datetime</c>,
/// <c>object</c>, <c>array</c>, <c>enum:A|B</c>, <c>any</c>).
/// </summary>
public sealed record ClientField(bool Required, bool Nullable, string Kind);
