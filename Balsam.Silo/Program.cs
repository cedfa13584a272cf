using Balsam.Silo.Auth;
using Balsam.Silo.Hosting;

if (args.Length > 0 && args[0] == UserCommands.Name)
{
    return await UserCommands.RunAsync(args[1..], Console.In, Console.Out, Console.Error, canPrompt: !Console.IsInputRedirected);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Balsam.Silo.Hosting.SiloCommandLine.Usage);
    return 0;
}

try
{
    await SiloHost.RunAsync(SiloCommandLine.Parse(args));
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or Npgsql.NpgsqlException
    or Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine($"balsam-silo: {e.Message}");
    return 1;
}
