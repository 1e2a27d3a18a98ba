/** Run components on hand-stepped kernels under a virtual clock, in JUnit 5 tests, with no sleeps. */
package dev.lepus.testkit;
