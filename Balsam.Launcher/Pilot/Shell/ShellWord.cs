namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// A parameter value as the command template sees it: <see cref="ToString"/> is the shell-quoted word (what
/// <c>{{ name }}</c> prints), and <see cref="IsTruthy"/> is what a <c>{{# name }}</c> section tests.
/// </summary>
internal sealed class ShellWord(string text, bool isTruthy)
{
    public string Text { get; } = text;

    /// <summary>False for JSON <c>false</c>, <c>null</c>, <c>""</c> and <c>[]</c>; true otherwise.</summary>
    public bool IsTruthy { get; } = isTruthy;

    public override string ToString() => ShellQuoting.Quote(Text);
}
