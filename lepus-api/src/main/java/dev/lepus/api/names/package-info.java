/** The protocol of the name service: register and look up caps by name, under the system's policy. */
package dev.lepus.api.names;
