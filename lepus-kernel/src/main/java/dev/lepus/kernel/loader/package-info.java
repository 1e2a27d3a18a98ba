/**
 * The loader: reads an application's class files, verifies their bytecode against the API groups its components
 * declare and the level of the kernel they go to, and only then defines them, one class loader per application.
 */
package dev.lepus.kernel.loader;
