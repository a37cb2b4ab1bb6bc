using TuneStudio.Web;

StudioApp.Build(args).Run();

// Visible to the tests' host builder.
public partial class Program;
