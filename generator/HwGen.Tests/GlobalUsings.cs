// Usings shared by every test file.
global using NUnit.Framework;
