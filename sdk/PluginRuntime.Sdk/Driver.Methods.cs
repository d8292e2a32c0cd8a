using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Sdk;

public abstract partial class Driver
{
    // Replaced as a whole, so readers (exec on any thread) always see one consistent set without locking.
    private volatile MethodDescriptor[] _declaredMethods = [];

    /// <summary>The methods declared with <see cref="DeclareMethods"/>, callable beside the class's own.</summary>
    public IReadOnlyList<MethodDescriptor> DeclaredMethods => _declaredMethods;

    /// <summary>
    /// Declares callable methods at run time (from a protocol spec, a script's exports…), replacing the set declared
    /// before, so a driver can declare again when the file they come from changes. Build them with
    /// <see cref="MethodDescriptor.Dynamic"/>.
    /// </summary>
    /// <exception cref="DriverDefinitionException">Two declared methods share a name, or one has the name of a class method.</exception>
    protected void DeclareMethods(IEnumerable<MethodDescriptor> methods)
    {
        var declared = methods.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var classMethods = DriverDescriptor.Describe(GetType());
        foreach (var method in declared)
        {
            if (!names.Add(method.Name))
            {
                throw new DriverDefinitionException($"{GetType().Name} declares two methods named '{method.Name}'.");
            }
            if (classMethods.TryGetMethod(method.Name, out _))
            {
                throw new DriverDefinitionException(
                    $"{GetType().Name} declares '{method.Name}', which is already a method of the class; rename one.");
            }
        }
        _declaredMethods = declared;
    }

    /// <summary>Finds a declared method by name.</summary>
    internal bool TryGetDeclaredMethod(string name, out MethodDescriptor method)
    {
        foreach (var candidate in _declaredMethods)
        {
            if (candidate.Name == name)
            {
                method = candidate;
                return true;
            }
        }
        method = null!;
        return false;
    }
}
