// BenchmarkDotNet entry point: every benchmark class, arguments passed through (--filter, --artifacts, ...); or
// `quick ...` for the in-process timings of Quick.cs.
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "quick") return PegJit.Bench.Micro.Quick.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(PegJit.Bench.Micro.UrlSearch).Assembly).Run(args);
return 0;
