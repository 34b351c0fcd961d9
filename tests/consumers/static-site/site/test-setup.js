// Only for the tests: the widget gets the token from ?token= and talks to the local
// upload-server that serves this site.
for (const widget of document.querySelectorAll('video-upload-widget')) {
  widget.setAttribute('upload-token', new URLSearchParams(location.search).get('token') ?? '');
  widget.setAttribute('api-host', location.origin);
}
