// BenchmarkDotNet entry point: every benchmark class, arguments passed through (--filter, --artifacts, ...).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PegJit.Bench.Micro.UrlSearch).Assembly).Run(args);
