using System.Reflection;
using System.Reflection.Emit;
using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>
/// Builds the image of an app assembly the way a new build of a user's project would: the same assembly name and
/// class (<c>Versioned.Greeter</c>), whose <c>Run()</c> returns <c>"version N"</c>, so two versions differ only in code.
/// </summary>
public static class VersionedAppImage
{
    public const string AssemblyName = "Balsam.Tests.VersionedApp";
    public const string TypeName = "Versioned.Greeter";

    public static byte[] Build(int version)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule(AssemblyName);
        var type = module.DefineType(TypeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(ApplicationDefinition));
        type.DefineDefaultConstructor(MethodAttributes.Public);

        var site = type.DefineMethod("get_Site", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig |
            MethodAttributes.SpecialName, typeof(SiteRef), Type.EmptyTypes);
        var siteIl = site.GetILGenerator();
        siteIl.Emit(OpCodes.Ldstr, "run-site");
        siteIl.Emit(OpCodes.Call, typeof(SiteRef).GetMethod("op_Implicit", [typeof(string)])!);
        siteIl.Emit(OpCodes.Ret);
        type.DefineMethodOverride(site, typeof(ApplicationDefinition).GetProperty(nameof(ApplicationDefinition.Site))!.GetMethod!);

        var run = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.HideBySig, typeof(string), Type.EmptyTypes);
        var runIl = run.GetILGenerator();
        runIl.Emit(OpCodes.Ldstr, $"version {version}");
        runIl.Emit(OpCodes.Ret);
        type.CreateType();

        using var image = new MemoryStream();
        assembly.Save(image);
        return image.ToArray();
    }
}
