namespace PluginRuntime.Host.Tests.Support;

/// <summary>The test classes sharing one <see cref="RestHostFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class RestHostCollection : ICollectionFixture<RestHostFixture>
{
    public const string Name = "REST host";
}
