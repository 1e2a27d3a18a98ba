/** The name service component: caps registered and looked up by name under the system description's policy. */
package dev.lepus.kernel.names;
