global using Microsoft.VisualStudio.TestTools.UnitTesting;
global using Orleans;

[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
