/** The system description: a TOML file naming kernels, components and grants, parsed and checked before boot. */
package dev.lepus.kernel.description;
