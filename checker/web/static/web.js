// The upload form: drag and drop, the chosen files' names, and checking without leaving the page so the
// chosen files stay selected for the download buttons. Without this script the form still works: it
// posts to /check and the browser shows the result page.
(function(){
  var form=document.getElementById('check-form');
  if(!form)return;
  var input=document.getElementById('file'),drop=document.getElementById('drop');
  var chosen=document.getElementById('chosen'),status=document.getElementById('status');
  var button=document.getElementById('check'),hint=chosen.textContent;
  function show(){
    var names=Array.prototype.map.call(input.files,function(file){return file.name;});
    chosen.textContent=names.length?'已选择 '+names.length+' 个文件：'+names.join('、'):hint;
  }
  input.addEventListener('change',show);
  ['dragenter','dragover'].forEach(function(type){
    drop.addEventListener(type,function(event){event.preventDefault();drop.classList.add('over');});
  });
  ['dragleave','drop'].forEach(function(type){
    drop.addEventListener(type,function(){drop.classList.remove('over');});
  });
  drop.addEventListener('drop',function(event){
    event.preventDefault();
    if(event.dataTransfer&&event.dataTransfer.files.length){input.files=event.dataTransfer.files;show();}
  });
  form.addEventListener('submit',function(event){
    // A download button: the browser posts the form and saves the answer as a file.
    if(event.submitter&&event.submitter!==button)return;
    if(!window.fetch||!window.DOMParser)return;
    event.preventDefault();
    button.disabled=true;
    status.textContent='检查中……';
    fetch(form.action,{method:'POST',body:new FormData(form),credentials:'same-origin'})
      .then(function(response){
        if(response.redirected&&/\/login$/.test(response.url)){location.href='/login';return null;}
        return response.text().then(function(text){return {ok:response.ok,status:response.status,text:text};});
      })
      .then(function(answer){
        if(!answer)return;
        var fresh=new DOMParser().parseFromString(answer.text,'text/html').getElementById('result');
        if(!fresh){status.textContent='服务器返回了意外的内容（状态 '+answer.status+'）';return;}
        document.getElementById('result').replaceWith(document.importNode(fresh,true));
        status.textContent=answer.ok?'检查完成':'';
        // The scorecard's own script (toolbars, evidence links) runs again for the new cards.
        var script=document.createElement('script');
        script.src='/static/fzcheck.js';
        document.body.appendChild(script);
        document.getElementById('result').scrollIntoView();
      })
      .catch(function(){status.textContent='连接服务器失败，请重试';})
      .finally(function(){button.disabled=false;});
  });
})();
