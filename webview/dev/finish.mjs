/** The end of a screenshot script: close its server and browser, report the problems it found (exit code 1), say where the screenshots are. */
export async function finish({ server, browser, problems, out }) {
  server.close();
  await browser.close();
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
  console.log(`screenshots in ${out}`);
}
