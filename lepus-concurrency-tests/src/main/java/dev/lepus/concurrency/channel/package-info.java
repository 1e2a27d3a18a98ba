/** jcstress tests of the memory ordering of {@link dev.lepus.kernel.channel.OneToOneChannel}. */
package dev.lepus.concurrency.channel;
