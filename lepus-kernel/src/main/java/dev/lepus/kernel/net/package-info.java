/** The off-heap buffers of a kernel's sockets: a pool by size class, and the view a component reads input through. */
package dev.lepus.kernel.net;
