using System.Xml.Linq;
using PluginRuntime.Core.Tests.Support;
using PluginRuntime.Templates.Tests.Support;

namespace PluginRuntime.Templates.Tests;

/// <summary>The generated test project uses the repository's package versions, which its restore finds in NuGet's cache offline.</summary>
public sealed class TemplatePackageVersionTests
{
    [Fact]
    public void The_generated_test_project_references_the_versions_the_repository_uses()
    {
        var central = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        string project = Path.Combine(TemplatePackFixture.TemplatePack, "driver", "tests", "DriverProjectName.Tests", "DriverProjectName.Tests.csproj");
        var references = XDocument.Load(project).Descendants("PackageReference")
            .Where(p => !((string)p.Attribute("Include")!).StartsWith("PluginRuntime.", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            string name = (string)reference.Attribute("Include")!;
            Assert.True(central.TryGetValue(name, out string? version), $"{name} is not in Directory.Packages.props");
            Assert.True(version == (string?)reference.Attribute("Version"),
                $"{project} references {name} {(string?)reference.Attribute("Version")}, but the repository uses {version}: keep them equal.");
        }
    }
}
